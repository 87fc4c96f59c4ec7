# tests of the roles layer

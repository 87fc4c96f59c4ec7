# tests of the ticket layer

# tests of the cms layer

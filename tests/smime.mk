# tests of the smime layer

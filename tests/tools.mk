# tests of the tools layer

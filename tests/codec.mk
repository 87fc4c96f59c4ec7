# tests of the codec layer

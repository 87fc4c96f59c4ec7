# tests of the crypto layer

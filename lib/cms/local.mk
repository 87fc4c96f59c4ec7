# cms layer

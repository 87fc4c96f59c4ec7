# crypto layer

# roles layer

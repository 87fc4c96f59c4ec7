# codec layer

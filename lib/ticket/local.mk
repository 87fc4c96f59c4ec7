# ticket layer

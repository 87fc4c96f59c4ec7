# smime layer

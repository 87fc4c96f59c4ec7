# mikeytool and bench

// Module BenchKit: see Package.swift for its role.

// Module BenchStats: see Package.swift for its role.

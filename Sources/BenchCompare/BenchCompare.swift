// Module BenchCompare: see Package.swift for its role.

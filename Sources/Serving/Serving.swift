// Module Serving: see Package.swift for its role.

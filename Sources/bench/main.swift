import BenchCLI
import Foundation

exit(BenchCLI.main(Array(CommandLine.arguments.dropFirst())))

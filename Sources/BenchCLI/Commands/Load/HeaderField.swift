import Foundation

/// `--header NAME:VALUE`: an HTTP header field `bench load` sends with every request,
/// checked when parsed (a token for a name; not one that `bench load` sets itself).
struct HeaderField: Sendable {
    let name: String
    let value: String

    init(parsing text: String) throws {
        guard let colon = text.firstIndex(of: ":"),
              case let name = text[..<colon].trimmingCharacters(in: .whitespaces), !name.isEmpty,
              name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "!#$%&'*+-.^_`|~".unicodeScalars.contains($0)) })
        else {
            throw UsageError("load: --header '\(text)' is not NAME:VALUE", option: "--header", value: text,
                             remedy: "e.g. --header 'Authorization: Bearer T'")
        }
        guard !["host", "content-length", "transfer-encoding"].contains(name.lowercased()) else {
            throw UsageError("load: --header \(name) is set by bench load itself", option: "--header", value: text, remedy: "leave it out")
        }
        self.name = name
        self.value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
}

import Foundation

/// The two top-level fields that say what a JSON file is (`format`, `format_version`), read
/// when the whole plan does not decode, so that a wrong file gets a message about its format
/// rather than about the first field that does not fit.
///
/// Read with `JSONDecoder` into this small type, not `JSONSerialization`: building the whole
/// document as Foundation objects just to look at two fields took ~27 MB per 1,000 changes,
/// which made decoding the plan the peak of an apply's memory.
struct FormatHeader: Decodable {
    /// A header field's value, as far as the checks need it.
    enum Field: Decodable, CustomStringConvertible {
        case string(String)
        case integer(Int)
        case other

        init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let integer = try? value.decode(Int.self) {
                self = .integer(integer)
            } else if let string = try? value.decode(String.self) {
                self = .string(string)
            } else {
                self = .other
            }
        }

        var description: String {
            switch self {
            case .string(let string): string
            case .integer(let integer): String(integer)
            case .other: "of another type"
            }
        }
    }

    let format: Field?
    let formatVersion: Field?

    private enum CodingKeys: String, CodingKey {
        case format, formatVersion = "format_version"
    }

    /// The header of `data`; throws `PlanFileError` when it is not JSON or not a JSON object.
    static func read(_ data: Data, path: String) throws -> FormatHeader {
        do {
            return try JSONDecoder().decode(FormatHeader.self, from: data)
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw PlanFileError(path: path, jsonPath: "$", problem: .wrongFormat(found: "not a JSON object"))
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw PlanFileError(path: path, jsonPath: "$", problem: .notJSON(detail: syntaxDetail(data, context)))
        } catch {
            throw PlanFileError(path: path, jsonPath: "$", problem: .notJSON(detail: String(describing: error)))
        }
    }

    /// Where the syntax breaks. `JSONDecoder` only says "not valid JSON" here, so the error
    /// path asks `JSONSerialization`, which names the character or the end of the file.
    private static func syntaxDetail(_ data: Data, _ context: DecodingError.Context) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
        } catch {
            if let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        }
        return context.debugDescription
    }
}

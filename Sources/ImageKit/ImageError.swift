/// Why an image can't be shown, in the one line the preview pane prints in its place.
public enum ImageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A local file that does not exist (the reference as written in the evaluation).
    case notFound(String)
    /// A local file that exists but can't be read (permissions, a folder).
    case unreadable(String, reason: String)
    /// A file whose first bytes are no image format evaltop decodes.
    case unsupportedFormat(String)
    /// Header dimensions beyond the decode limit; refused before any pixel memory is taken.
    case tooLarge(width: Int, height: Int)
    /// The decoder gave up (truncated or corrupt data).
    case cannotDecode(String)
    /// An http(s) image with fetching turned off (`--no-fetch`).
    case fetchDisabled
    /// The server answered with an error status.
    case httpStatus(Int)
    /// No complete answer within the timeout.
    case timedOut(seconds: Int)
    /// The connection failed (refused, DNS, TLS), with the system's reason.
    case fetchFailed(String)
    /// A reference evaltop can't resolve (an empty cell, an unknown URL scheme).
    case badReference(String)

    public var description: String {
        switch self {
        case .notFound(let path): return "image not found: \(path)"
        case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .unsupportedFormat(let what): return "unsupported format: \(what) (PNG, JPEG, GIF and BMP are shown)"
        case .tooLarge(let w, let h): return "image too large to show: \(w)×\(h) pixels"
        case .cannotDecode(let reason): return "cannot decode: \(reason)"
        case .fetchDisabled: return "not fetched (--no-fetch)"
        case .httpStatus(let code): return "fetch failed: HTTP \(code)"
        case .timedOut(let seconds): return "fetch timed out after \(seconds) s"
        case .fetchFailed(let reason): return "fetch failed: \(reason)"
        case .badReference(let reference): return "not an image reference: \(reference)"
        }
    }
}

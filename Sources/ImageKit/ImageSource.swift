import Foundation

/// Where an input's image lives, resolved from the evaluation's `url`/`path` value.
public enum ImageSource: Sendable, Hashable, CustomStringConvertible {
    /// A local file: the absolute path read, and the reference as the evaluation wrote it (for
    /// messages: `image not found: img/x.png`).
    case file(path: String, reference: String)
    /// An http(s) URL, fetched in the background.
    case remote(URL)

    /// Resolves a reference: `http(s)://` stays a URL; `file://` becomes its path; any other
    /// value is a path, relative ones against `imageRoot` when given (`--image-root DIR`), else
    /// against the folder of the evaluation file. Nil for an empty value or another scheme
    /// (`s3://`, `data:`), which the pane reports as not an image reference.
    public static func resolve(_ reference: String, evaluationPath: String?, imageRoot: String? = nil) -> ImageSource? {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        let lower = trimmed.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            guard let url = URL(string: trimmed) ?? URL(string: trimmed.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""),
                  url.host != nil else { return nil }
            return .remote(url)
        }
        if lower.hasPrefix("file://") {
            guard let url = URL(string: trimmed), url.isFileURL else { return nil }
            return .file(path: url.path, reference: trimmed)
        }
        // Another scheme (s3://, gs://, data:) is not a path evaltop can open.
        if let colon = trimmed.firstIndex(of: ":"), trimmed[trimmed.index(after: colon)...].hasPrefix("//") { return nil }
        if lower.hasPrefix("data:") { return nil }
        if trimmed.hasPrefix("/") { return .file(path: trimmed, reference: trimmed) }
        let base: String
        if let imageRoot { base = imageRoot }
        else if let evaluationPath { base = (evaluationPath as NSString).deletingLastPathComponent }
        else { base = FileManager.default.currentDirectoryPath }
        let joined = base.isEmpty ? trimmed : (base as NSString).appendingPathComponent(trimmed)
        return .file(path: (joined as NSString).standardizingPath, reference: trimmed)
    }

    public var description: String {
        switch self {
        case .file(_, let reference): return reference
        case .remote(let url): return url.absoluteString
        }
    }
}

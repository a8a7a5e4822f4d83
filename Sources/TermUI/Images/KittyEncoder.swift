import Foundation
import ImageKit

/// kitty's graphics protocol (also Ghostty, WezTerm, Konsole): an image is transmitted once
/// with an id, then placed as often as needed; leaving a view deletes the placements and keeps
/// the data, so coming back costs a few bytes. Every command carries `q=2` so the terminal
/// never answers into the key stream.
public enum KittyEncoder {
    /// Base64 payload per escape sequence; the protocol caps a chunk at 4096 bytes.
    static let chunkSize = 4096

    /// Transmits `image` as PNG under `id` without showing it (`a=t`).
    public static func transmit(_ image: RGBAImage, id: UInt32) -> String {
        let payload = Data(PNGEncoder.encode(image)).base64EncodedString()
        var out = ""
        var start = payload.startIndex
        var first = true
        repeat {
            let end = payload.index(start, offsetBy: chunkSize, limitedBy: payload.endIndex) ?? payload.endIndex
            let more = end < payload.endIndex ? 1 : 0
            let keys = first ? "a=t,f=100,t=d,i=\(id),q=2,m=\(more)" : "m=\(more),q=2"
            out += "\u{1B}_G\(keys);\(payload[start ..< end])\u{1B}\\"
            start = end
            first = false
        } while start < payload.endIndex
        return out
    }

    /// Shows image `id` at the cursor, scaled into `columns` × `rows` cells, as placement
    /// `placement` (re-placing the same pair moves it rather than adding a copy). `C=1` keeps the
    /// cursor where it was.
    public static func place(id: UInt32, placement: UInt32 = 1, columns: Int, rows: Int) -> String {
        "\u{1B}_Ga=p,i=\(id),p=\(placement),c=\(columns),r=\(rows),C=1,q=2\u{1B}\\"
    }

    /// Removes every placement of every image, keeping the transmitted data (`d=a`).
    public static func deleteAllPlacements() -> String { "\u{1B}_Ga=d,d=a,q=2\u{1B}\\" }

    /// Frees image `id`'s data as well (`d=I`), when the cache forgets it.
    public static func deleteImage(id: UInt32) -> String { "\u{1B}_Ga=d,d=I,i=\(id),q=2\u{1B}\\" }

    /// The support query sent before the screen is taken over: a 1×1 transmit that kitty
    /// answers with `_Gi=31;OK`, followed by DA1, which every terminal answers.
    public static let query = "\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\"
}

import Foundation
import ImageKit

/// iTerm2's inline images (also WezTerm and mintty): one OSC 1337 with the PNG in base64,
/// sized in cells. The bytes are built once per image and size and cached by the caller.
public enum ITermEncoder {
    public static func inline(_ image: RGBAImage, columns: Int, rows: Int) -> String {
        let png = PNGEncoder.encode(image)
        return "\u{1B}]1337;File=inline=1;size=\(png.count);width=\(columns);height=\(rows);preserveAspectRatio=1;doNotMoveCursor=1:"
            + Data(png).base64EncodedString() + "\u{07}"
    }
}

import CStb

/// RGBA to PNG bytes with stb_image_write (kitty and iTerm2 take PNG, which is far smaller
/// on the wire than raw pixels).
public enum PNGEncoder {
    public static func encode(_ image: RGBAImage) -> [UInt8] {
        guard image.width > 0, image.height > 0 else { return [] }
        let sink = Sink()
        let context = Unmanaged.passRetained(sink).toOpaque()
        defer { Unmanaged<Sink>.fromOpaque(context).release() }
        _ = image.pixels.withUnsafeBufferPointer { px in
            stbi_write_png_to_func({ context, data, size in
                guard let context, let data, size > 0 else { return }
                let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: Int(size)))
            }, context, Int32(image.width), Int32(image.height), 4, px.baseAddress, Int32(image.width * 4))
        }
        return sink.bytes
    }

    private final class Sink {
        var bytes: [UInt8] = []
    }
}

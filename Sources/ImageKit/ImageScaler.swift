import CStb

/// Downscaling to the size drawn, with stb_image_resize (a filtered resample, so an 8 × 8 digit
/// blown up or a photo shrunk to a thumbnail both look right).
public enum ImageScaler {
    /// The largest size of the same aspect ratio that fits in `maxWidth` × `maxHeight` pixels
    /// (never 0 on a side). Pixel aspect is taken as square.
    public static func fittedSize(width: Int, height: Int, maxWidth: Int, maxHeight: Int) -> (width: Int, height: Int) {
        guard width > 0, height > 0, maxWidth > 0, maxHeight > 0 else { return (0, 0) }
        let scale = min(Double(maxWidth) / Double(width), Double(maxHeight) / Double(height))
        return (max(1, min(maxWidth, Int((Double(width) * scale).rounded()))),
                max(1, min(maxHeight, Int((Double(height) * scale).rounded()))))
    }

    /// `image` resampled to exactly `width` × `height`.
    public static func resize(_ image: RGBAImage, width: Int, height: Int) -> RGBAImage {
        guard width > 0, height > 0, image.width > 0, image.height > 0 else {
            return RGBAImage(width: 0, height: 0, pixels: [])
        }
        if width == image.width, height == image.height { return image }
        if width >= image.width, height >= image.height { return enlarge(image, width: width, height: height) }
        var out = [UInt8](repeating: 0, count: width * height * 4)
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                // Alpha channel index 3 for correct edge blending; sRGB-aware filtering.
                _ = stbir_resize_uint8_srgb(src.baseAddress, Int32(image.width), Int32(image.height), 0,
                                            dst.baseAddress, Int32(width), Int32(height), 0, 4, 3, 0)
            }
        }
        return RGBAImage(width: width, height: height, pixels: out)
    }

    /// Nearest-neighbour enlargement. A filtered upscale blurs the edges of small images (an
    /// 8 × 8 digit becomes a smudge, and ringing tints flat areas); repeating pixels keeps them
    /// crisp and every colour exact.
    static func enlarge(_ image: RGBAImage, width: Int, height: Int) -> RGBAImage {
        var out = [UInt8](repeating: 0, count: width * height * 4)
        let columns = (0 ..< width).map { $0 * image.width / width }
        for y in 0 ..< height {
            let sy = y * image.height / height
            for x in 0 ..< width {
                let s = (sy * image.width + columns[x]) * 4, d = (y * width + x) * 4
                out[d] = image.pixels[s]; out[d + 1] = image.pixels[s + 1]
                out[d + 2] = image.pixels[s + 2]; out[d + 3] = image.pixels[s + 3]
            }
        }
        return RGBAImage(width: width, height: height, pixels: out)
    }

    /// `image` scaled to fit in `maxWidth` × `maxHeight`, keeping its aspect ratio.
    public static func fit(_ image: RGBAImage, maxWidth: Int, maxHeight: Int) -> RGBAImage {
        let size = fittedSize(width: image.width, height: image.height, maxWidth: maxWidth, maxHeight: maxHeight)
        return resize(image, width: size.width, height: size.height)
    }
}

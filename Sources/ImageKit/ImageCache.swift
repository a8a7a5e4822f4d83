import Foundation

/// A least-recently-used cache bounded by bytes: the scaled images the screens draw. Scaled
/// images are small (a 400 × 400 preview is 640 KB), so the default 48 MB holds a grid page
/// and the previews around it; the full-size decode is dropped as soon as it is scaled.
public final class ImageCache<Key: Hashable & Sendable>: @unchecked Sendable {  // state guarded by `lock`
    public static var defaultByteLimit: Int { 48 << 20 }

    public let byteLimit: Int
    private let lock = NSLock()
    private var entries: [Key: (image: RGBAImage, stamp: UInt64)] = [:]
    private var clock: UInt64 = 0
    public private(set) var byteCount = 0

    public init(byteLimit: Int = ImageCache.defaultByteLimit) {
        self.byteLimit = byteLimit
    }

    public func get(_ key: Key) -> RGBAImage? {
        lock.lock(); defer { lock.unlock() }
        guard let entry = entries[key] else { return nil }
        clock += 1
        entries[key] = (entry.image, clock)
        return entry.image
    }

    /// Stores `image`, evicting the least recently used until the total fits. An image larger
    /// than the whole budget is not kept.
    public func put(_ key: Key, _ image: RGBAImage) {
        lock.lock(); defer { lock.unlock() }
        guard image.byteCount <= byteLimit else { return }
        if let old = entries[key] { byteCount -= old.image.byteCount }
        clock += 1
        entries[key] = (image, clock)
        byteCount += image.byteCount
        while byteCount > byteLimit, let oldest = entries.min(by: { $0.value.stamp < $1.value.stamp }) {
            entries[oldest.key] = nil
            byteCount -= oldest.value.image.byteCount
        }
    }

    public var count: Int {
        lock.lock(); defer { lock.unlock() }
        return entries.count
    }

    /// Bytes held right now (for tests and the benchmark).
    public var bytesHeld: Int {
        lock.lock(); defer { lock.unlock() }
        return byteCount
    }
}

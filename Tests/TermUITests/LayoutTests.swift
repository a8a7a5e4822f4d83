import Testing
@testable import TermUI

@Suite struct LayoutTests {
    @Test func lengthsPercentagesAndFill() {
        let rects = Layout.vertical([.length(1), .fill(1), .length(1)]).split(Rect(x: 0, y: 0, width: 80, height: 24))
        #expect(rects.map(\.height) == [1, 22, 1])
        #expect(rects.map(\.y) == [0, 1, 23])
        let cols = Layout.horizontal([.percentage(50), .fill(1), .fill(3)]).split(Rect(x: 10, y: 0, width: 100, height: 5))
        #expect(cols.map(\.width) == [50, 12, 38])
        #expect(cols.map(\.x) == [10, 60, 72])
    }

    @Test func minGrowsWhenThereIsNoFill() {
        #expect(Layout.sizes(for: [.length(10), .min(5)], total: 30) == [10, 20])
        #expect(Layout.sizes(for: [.min(5), .fill(1)], total: 30) == [5, 25])
    }

    @Test func overfullLayoutsShrinkTheLastSegmentsFirst() {
        #expect(Layout.sizes(for: [.length(10), .length(10), .length(10)], total: 15) == [10, 5, 0])
        #expect(Layout.sizes(for: [.length(3), .fill(1)], total: 2) == [2, 0])
    }

    @Test func spacingIsLeftBetweenSegments() {
        let rects = Layout.horizontal([.length(3), .length(3), .fill(1)], spacing: 1).split(Rect(x: 0, y: 0, width: 12, height: 1))
        #expect(rects.map(\.x) == [0, 4, 8])
        #expect(rects.map(\.width) == [3, 3, 4])
    }

    @Test func rectHelpers() {
        let r = Rect(x: 2, y: 3, width: 10, height: 6)
        #expect(r.inner(margin: 1) == Rect(x: 3, y: 4, width: 8, height: 4))
        #expect(r.contains(x: 2, y: 3) && !r.contains(x: 12, y: 3) && !r.contains(x: 2, y: 9))
        #expect(r.splitTop(2).top.height == 2 && r.splitTop(2).rest == Rect(x: 2, y: 5, width: 10, height: 4))
        #expect(r.splitRight(4).right == Rect(x: 8, y: 3, width: 4, height: 6))
        #expect(r.centered(width: 4, height: 2) == Rect(x: 5, y: 5, width: 4, height: 2))
        #expect(r.inner(margin: 10).isEmpty)
        #expect(r.area == 60)
    }
}

import Testing
@testable import EvalCore

@Suite struct ModelTests {
    @Test func modeAutoIsExclusiveOnlyWithOneLabelPerInput() {
        #expect(ModeOption.auto.resolve(everyInputHasOneLabel: true) == .exclusive)
        #expect(ModeOption.auto.resolve(everyInputHasOneLabel: false) == .multilabel)
        #expect(Evaluation.everyInputHasOneLabel([0, 1, 2]))
        #expect(!Evaluation.everyInputHasOneLabel([0, 1, 1]))
        #expect(!Evaluation.everyInputHasOneLabel([0, 2, 3]))
    }

    @Test func thresholdOverridesApplyPerConcept() {
        var t = Thresholds(global: 0.5)
        t.perConcept[2] = 0.7
        #expect(t.value(for: 0) == 0.5)
        #expect(t.value(for: 2) == 0.7)
        #expect(t.hasOverride(2) && !t.hasOverride(0))
    }
}

import Foundation
import Testing

@testable import BenchKit

/// The growth figures of `history`, as Benchmarks/README.md defines them.
@Suite struct HistoryReportTests {
    func report(samples: [Int64], firstGC: Int64?, lastGC: Int64?) -> HistoryReport {
        var report = HistoryReport(cksync: "cksync", records: 100, syncs: samples.count - 1, fraction: 0.01, seed: 1)
        report.samples = samples.enumerated().map { HistorySample(step: "\($0.offset)", bytes: $0.element, packs: 1) }
        report.firstPushGC = firstGC.map {
            HistoryGC(name: "first", command: "gc", bytesBefore: samples[0], bytesAfter: $0)
        }
        report.cksyncGC = lastGC.map {
            HistoryGC(name: "last", command: "gc", bytesBefore: samples.last ?? 0, bytesAfter: $0)
        }
        return report
    }

    @Test func growthPerSyncIsFromTheFirstPushOverTheSyncs() {
        let measured = report(samples: [1_000, 1_300, 1_600, 1_900], firstGC: 400, lastGC: 430)
        #expect(measured.growthPerSyncBeforeGC == 300)
        #expect(measured.growthPerSyncAfterGC == 10)
        #expect(measured.text().contains("before gc 0.00 MB"))
    }

    @Test func noGrowthWithoutSyncsOrWithoutBothGCs() {
        #expect(report(samples: [1_000], firstGC: 400, lastGC: 400).growthPerSyncBeforeGC == nil)
        #expect(report(samples: [1_000, 1_100], firstGC: nil, lastGC: 400).growthPerSyncAfterGC == nil)
        let failed = report(samples: [1_000, 1_100], firstGC: 400, lastGC: nil)
        #expect(failed.growthPerSyncAfterGC == nil)
    }
}

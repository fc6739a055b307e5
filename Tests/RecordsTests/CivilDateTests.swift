import Foundation
import Records
import Testing

@Suite("Civil dates")
struct CivilDateTests {
    @Test(arguments: [
        (1970, 1, 1, 0), (1969, 12, 31, -1), (2000, 2, 29, 11_016), (2000, 3, 1, 11_017), (1900, 3, 1, -25_508),
        (0, 3, 1, -719_468), (-1, 12, 31, -719_529), (9999, 12, 31, 2_932_896),
    ])
    func countsDaysSince1970(_ year: Int, _ month: Int, _ day: Int, _ days: Int) {
        #expect(CivilDate.daysSince1970(year: year, month: month, day: day) == days)
        #expect(CivilDate.date(daysSince1970: days) == (year, month, day))
    }

    @Test func roundTripsEveryDayOfFourHundredYearsAndAgreesWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var expected = (year: 1800, month: 1, day: 1)
        let start = CivilDate.daysSince1970(year: 1800, month: 1, day: 1)
        for days in start..<start + 146_097 {
            let date = CivilDate.date(daysSince1970: days)
            #expect(date == expected)
            #expect(CivilDate.daysSince1970(year: date.year, month: date.month, day: date.day) == days)
            if expected.day < CivilDate.days(inMonth: expected.month, year: expected.year) {
                expected.day += 1
            } else if expected.month < 12 {
                expected = (expected.year, expected.month + 1, 1)
            } else {
                expected = (expected.year + 1, 1, 1)
            }
        }
        let components = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: 1_709_294_400))
        #expect(CivilDate.date(daysSince1970: 1_709_294_400 / 86_400) == (components.year!, components.month!, components.day!))
    }

    @Test func knowsLeapYears() {
        #expect(CivilDate.isLeapYear(2000) && CivilDate.isLeapYear(2024) && CivilDate.isLeapYear(0))
        #expect(!CivilDate.isLeapYear(1900) && !CivilDate.isLeapYear(2023))
        #expect(CivilDate.days(inMonth: 2, year: 1900) == 28 && CivilDate.days(inMonth: 2, year: 2000) == 29)
    }
}

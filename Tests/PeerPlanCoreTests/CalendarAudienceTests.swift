import Foundation
import PeerPlanCore
import Testing

@Suite struct CalendarAudienceTests {
    @Test(arguments: [CalendarAudience.teacher("t-mid-02"), .school("sch-mid"), .plc(7)])
    func kindAndSubjectGiveTheAudienceBack(_ audience: CalendarAudience) throws {
        #expect(CalendarAudience(kind: audience.kind, subject: audience.subject) == audience)
        let json = try JSONEncoder().encode(audience)
        #expect(try JSONDecoder().decode(CalendarAudience.self, from: json) == audience)
    }

    @Test func storedWordsAndIds() throws {
        #expect(CalendarAudience.teacher("t-mid-02").kind.rawValue == "teacher")
        #expect(CalendarAudience.plc(7).subject == "7")
        #expect(CalendarAudience.school("sch-mid").description == "school sch-mid")
        #expect(CalendarAudience(kind: .plc, subject: "math") == nil)
        #expect(CalendarAudience(kind: .plc, subject: "07") == .plc(7))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(CalendarAudience.self, from: Data(#"{"kind":"plc","subject":"math"}"#.utf8))
        }
    }
}

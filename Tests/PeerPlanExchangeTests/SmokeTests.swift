import Testing
@testable import PeerPlanExchange

@Suite struct ExchangeSetUpTests {
    @Test func libicalIsPreparedOnce() throws {
        try Exchange.prepare()
        try Exchange.prepare() // a second call is harmless
    }
}

import ArgumentParser
import PasswordPolicy

/// `pwguard breach info`: describes a database.
struct BreachInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a breached-password database's header, size and false-positive rate.",
        discussion: """
            Opening checks the header and the bucket directory's ends; \
            --verify also reads every bucket and checks its checksum and coding.

            Exit status: 0 success, 2 a missing, unreadable or damaged database.
            """
    )

    @Argument(help: ArgumentHelp("The database.", valueName: "file"))
    var file: String

    @Flag(help: "Read and check the whole file.")
    var verify = false

    @Flag(help: "Write one JSON object.")
    var json = false

    func run() throws {
        let database: BreachDatabase
        do {
            database = try BreachDatabase.open(path: file)
            if verify { try database.verify() }
        } catch {
            throw CommandFailure(message: error.description)
        }
        let info = database.info
        let bits = NumberText.fixed(info.bitsPerEntry, decimals: 2)
        let rate = NumberText.significant(info.falsePositiveRate, digits: 3)
        let perBucket = info.bucketCount == 0 ? 0 : Double(info.entryCount) / Double(info.bucketCount)
        if json {
            var out = "{\"file\":\(VerdictJSON.string(file)),\"format_version\":\(info.formatVersion)"
            out += ",\"hash\":\(VerdictJSON.string(info.hashKind.name)),\"entries\":\(info.entryCount)"
            out += ",\"minimum_count\":\(info.minimumCount),\"maximum_count\":\(info.maximumCount)"
            out += ",\"bytes\":\(info.fileSize),\"bits_per_entry\":\(bits)"
            out += ",\"false_positive_bits\":\(info.falsePositiveBits),\"false_positive_rate\":\(rate)"
            out += ",\"bucket_bits\":\(info.bucketBits),\"rice_parameter\":\(info.riceParameter)"
            out += ",\"tier_order\":[\(info.tierOrder.map { VerdictJSON.string(Self.tierName($0)) }.joined(separator: ","))]"
            out += ",\"source_digest\":\(VerdictJSON.string(info.sourceDigestHex))"
            out += ",\"verified\":\(verify)}"
            print(out)
            return
        }
        print("""
            file:             \(file)
            format version:   \(info.formatVersion)
            hash:             \(info.hashKind.name)
            entries:          \(info.entryCount)
            minimum count:    \(info.minimumCount)
            maximum count:    \(info.maximumCount)
            bytes:            \(info.fileSize)
            bits per entry:   \(bits) (counts included)
            false positives:  <= 2^-\(info.falsePositiveBits) = \(rate) per lookup
            buckets:          2^\(info.bucketBits) = \(info.bucketCount), \(NumberText.fixed(perBucket, decimals: 1)) entries each on average
            rice parameter:   \(info.riceParameter)
            count tiers:      \(info.tierOrder.prefix(5).map(Self.tierName).joined(separator: ", ")), ... (most frequent first: 1, 2, 3, ... bits)
            source digest:    sha256:\(info.sourceDigestHex)
            """)
        if verify { print("verified:         every bucket checks out") }
    }

    /// `1`, `2-9`, `10-99`, …, `1000000000+`.
    static func tierName(_ tier: Int) -> String {
        let low = BreachTiers.lowerBound(tier)
        let high = BreachTiers.upperBound(tier)
        if high == .max { return "\(low)+" }
        return low == high ? "\(low)" : "\(low)-\(high)"
    }
}

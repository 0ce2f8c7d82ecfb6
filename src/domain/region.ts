/** What lastcall knows of a region (data/regions.json): its clock, hotline, quarantine and charges. */
export interface RegionSettings {
  /** IANA time zone of the region's local days. */
  timeZone: string;
  /** Applications after this local time (HH:MM) are received the next working day. */
  closingTime: string;
  hotline: { number: string; opens: string; closes: string };
  /**
   * Days a cancelled number rests before it is reissued, so the next holder does not receive the
   * last one's calls and codes. CN 90: the freeze Chinese operators publish in their terms for a
   * cancelled mobile number. GB 180: a cautious choice; Ofcom's Numbering Plan leaves quarantine to
   * the range holder. For comparison the US FCC lets numbers age 45 to 90 days (47 CFR 52.15(f)).
   */
  quarantineDays: number;
  /**
   * Days after completion in which the former holder, verified again, may undo the cancellation
   * while the number is still in quarantine (0: not offered, the default for CN).
   */
  undoDays: number;
  currency: string;
  earlyTerminationFeePerMonthMinor: number;
  earlyTerminationMaxMonths: number;
}

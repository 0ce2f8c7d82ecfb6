/** What lastcall knows of a region (data/regions.json): its clock, hotline, quarantine and charges. */
export interface RegionSettings {
  /** IANA time zone of the region's local days. */
  timeZone: string;
  /** Applications after this local time (HH:MM) are received the next working day. */
  closingTime: string;
  hotline: { number: string; opens: string; closes: string };
  /** Days a cancelled number rests before it is reissued. */
  quarantineDays: number;
  currency: string;
  earlyTerminationFeePerMonthMinor: number;
  earlyTerminationMaxMonths: number;
}

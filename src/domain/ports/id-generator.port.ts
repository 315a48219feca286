/** Deal ids: short (<= 16 characters of [A-Za-z0-9]) so client order ids stay within 36. */
export interface IdGenerator {
  nextDealId(): string;
}

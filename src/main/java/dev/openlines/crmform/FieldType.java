package dev.openlines.crmform;

/** What a CRM form field accepts; every value arrives as text and is checked against its type. */
public enum FieldType {
  /** Any text up to 2,000 characters. */
  TEXT,
  /** An e-mail address: the CRM recognises a returning client by it. */
  EMAIL,
  /** A phone number (at least five digits): the CRM recognises a returning client by it. */
  PHONE,
  /** A decimal number. */
  NUMBER
}

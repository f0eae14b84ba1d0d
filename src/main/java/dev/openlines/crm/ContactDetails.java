package dev.openlines.crm;

import java.util.Locale;

/** Normal forms of phone numbers and e-mail addresses, so that one client's details compare equal. */
public final class ContactDetails {

  private ContactDetails() {}

  /**
   * Digits with a leading {@code +}: "+49 (151) 234-56" and "0049151 23456" both become
   * "+4915123456". The international prefix 00 is dropped. National numbers keep their digits as
   * given, because the country they belong to is not known here.
   *
   * @return null when the text holds no digit
   */
  public static String normalisePhone(String phone) {
    if (phone == null) {
      return null;
    }
    String digits = phone.replaceAll("\\D", "");
    if (!phone.strip().startsWith("+") && digits.startsWith("00")) {
      digits = digits.substring(2);
    }
    return digits.isEmpty() ? null : "+" + digits;
  }

  /** @return the address trimmed and lower-case, or null when it is not an address (no "@" between two parts) */
  public static String normaliseEmail(String email) {
    if (email == null) {
      return null;
    }
    String address = email.strip().toLowerCase(Locale.ROOT);
    int at = address.indexOf('@');
    return at > 0 && at < address.length() - 1 && address.indexOf('@', at + 1) < 0 ? address : null;
  }
}

package dev.openlines.crm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContactDetailsTest {

  @Test
  void phoneNumbersBecomeDigitsWithALeadingPlus() {
    assertThat(ContactDetails.normalisePhone("+49 (151) 234-56")).isEqualTo("+4915123456");
    assertThat(ContactDetails.normalisePhone("0049 151 23456")).isEqualTo("+4915123456");
    assertThat(ContactDetails.normalisePhone("8 (912) 345-67-89")).isEqualTo("+89123456789");
    assertThat(ContactDetails.normalisePhone("call me")).isNull();
    assertThat(ContactDetails.normalisePhone(null)).isNull();
  }

  @Test
  void emailAddressesBecomeLowerCaseAndTrimmed() {
    assertThat(ContactDetails.normaliseEmail("  Anna.Smith@Example.COM ")).isEqualTo("anna.smith@example.com");
    assertThat(ContactDetails.normaliseEmail("not-an-address")).isNull();
    assertThat(ContactDetails.normaliseEmail("a@b@c")).isNull();
    assertThat(ContactDetails.normaliseEmail("@example.com")).isNull();
  }
}

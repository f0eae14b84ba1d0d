package dev.openlines.connector;

/** How a mail connection is protected. */
public enum MailSecurity { TLS, STARTTLS, NONE }

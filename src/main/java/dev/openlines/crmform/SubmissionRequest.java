package dev.openlines.crmform;

import java.util.Map;

/**
 * What a client's browser posts.
 *
 * @param values field name -> value as text
 * @param consent the client agreed to the form's consent text
 */
public record SubmissionRequest(Map<String, String> values, Boolean consent) {}

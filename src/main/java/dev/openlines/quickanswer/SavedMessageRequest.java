package dev.openlines.quickanswer;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * An operator saves the text of a message they wrote as a quick answer of the conversation's channel.
 *
 * @param title optional; without it the first words of the text become the title
 */
public record SavedMessageRequest(
    @NotBlank @Size(max = QuickAnswerRequest.MAX_TEXT) String text,
    @Size(max = QuickAnswerRequest.MAX_TITLE) String title) {}

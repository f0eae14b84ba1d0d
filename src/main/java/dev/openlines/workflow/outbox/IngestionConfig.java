package dev.openlines.workflow.outbox;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The relay polls the outbox on a schedule. */
@Configuration
@EnableScheduling
class IngestionConfig {}

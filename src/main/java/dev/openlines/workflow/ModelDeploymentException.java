package dev.openlines.workflow;

/** A model in bpmn/ or dmn/ could not be deployed; start-up stops with the engine's message. */
public class ModelDeploymentException extends RuntimeException {

  public ModelDeploymentException(String message) {
    super(message);
  }

  public ModelDeploymentException(String message, Throwable cause) {
    super(message, cause);
  }
}

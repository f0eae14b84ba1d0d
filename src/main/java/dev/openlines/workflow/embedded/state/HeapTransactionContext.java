package dev.openlines.workflow.embedded.state;

import io.camunda.zeebe.db.TransactionContext;
import io.camunda.zeebe.db.TransactionOperation;
import io.camunda.zeebe.db.ZeebeDbTransaction;

/**
 * Runs column family operations in the context's one transaction: inside the open one if there is
 * one (the stream processor opens it around a whole batch), else in a new one committed at once.
 */
final class HeapTransactionContext implements TransactionContext {

  private final HeapTransaction transaction;

  HeapTransactionContext(HeapTransaction transaction) {
    this.transaction = transaction;
  }

  @Override
  public void runInTransaction(TransactionOperation operations) {
    try {
      if (transaction.isOpen()) {
        operations.run();
        return;
      }
      transaction.begin();
      try {
        operations.run();
        transaction.commit();
      } finally {
        transaction.rollback();
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Unexpected error in an engine state transaction", e);
    }
  }

  @Override
  public ZeebeDbTransaction getCurrentTransaction() {
    if (!transaction.isOpen()) {
      transaction.begin();
    }
    return transaction;
  }

  HeapTransaction transaction() {
    return transaction;
  }
}

package com.patientsearch.persistence.testing;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

/** Statements Hibernate prepared while some work ran, from its statistics (on in every environment). */
public final class HibernateStatements {

    private HibernateStatements() {
    }

    public static long during(SessionFactory sessionFactory, Runnable work) {
        Statistics statistics = sessionFactory.getStatistics();
        long before = statistics.getPrepareStatementCount();
        work.run();
        return statistics.getPrepareStatementCount() - before;
    }
}

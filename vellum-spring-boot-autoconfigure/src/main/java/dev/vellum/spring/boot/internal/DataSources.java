package dev.vellum.spring.boot.internal;

import dev.vellum.spring.boot.VellumConfigurationException;
import dev.vellum.spring.boot.VellumProperties;
import java.util.Arrays;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Finds the application's DataSource the store is to use: the bean named {@code vellum.datasource},
 * else the single (or primary) one; with several and none chosen, a refusal that names them.
 */
public final class DataSources {

    private DataSources() {
    }

    /**
     * The chosen DataSource, or {@code null} when the application has none.
     *
     * @throws VellumConfigurationException when {@code vellum.datasource} names no DataSource bean, or
     *     there are several and neither a name nor a primary one says which
     */
    public static DataSource find(VellumProperties properties, ListableBeanFactory beans) {
        String[] names = beans.getBeanNamesForType(DataSource.class);
        String wanted = properties.getDatasource();
        if (wanted != null && !wanted.isBlank()) {
            if (!Arrays.asList(names).contains(wanted)) {
                throw new VellumConfigurationException("vellum.datasource=" + wanted + ", but the application has no"
                        + " DataSource bean of that name; its DataSource beans: " + Arrays.toString(names)
                        + ". Set vellum.datasource to one of them.");
            }
            return beans.getBean(wanted, DataSource.class);
        }
        DataSource unique = beans.getBeanProvider(DataSource.class).getIfUnique();
        if (unique == null && names.length > 1) {
            throw new VellumConfigurationException("The application has several DataSource beans " + Arrays.toString(names)
                    + " and none is primary: set vellum.datasource to the name of the one the events go to (PostgreSQL),"
                    + " or vellum.store=sqlite.");
        }
        return unique;
    }
}

package argus.web;

import argus.api.spi.ServerContext;
import argus.http.RouteContributor;
import argus.http.RouteTable;
import argus.web.dashboard.Dashboard;

import java.util.List;

/** Module-path entry point: the argus.http runtime finds this with {@code ServiceLoader}. */
public final class DashboardRoutes implements RouteContributor {
    @Override
    public List<AutoCloseable> mount(RouteTable routes, ServerContext context) {
        return new Dashboard(context).mount(routes);
    }
}

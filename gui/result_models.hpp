// The tables of the Capacity, Assessment and Comparison views (gui/result_reports.hpp), as StudyTables
// (gui/aggregate_models.hpp: display text, raw value in Qt::UserRole, a sort key, a tooltip and a
// background). They select and format what the file holds; nothing is computed but a percentage's
// digits and, for a capacity search, the list of the counts tried.
#pragma once

#include "gui/aggregate_models.hpp"
#include "gui/result_reports.hpp"

namespace drillsim::gui {

// Per service: today's stable replicas, the fewest that keep the SLO (green when today's count is
// enough, red when it is not or no count up to the cap was), the headroom, the utilisation at today's
// and at the fewest count, over the drill as it is (stable / new / all), and the counts tried in
// order with their runs within the SLO ("2: 0/2, 4: 2/2, 3: 0/2").
void fill_capacity(StudyTable& table, const CapacityReport& r);
// Per replica count tried, every service: service, replicas, runs, runs within SLO, passed, worst
// window's error ratio and slow share, utilisation; in the order tried.
void fill_capacity_probes(StudyTable& table, const CapacityReport& r);
// Per service and disruption type: the status (green PolicyMet, red PolicyBreached, grey
// MissingPolicy), runs, RTO target, P(RTO met) and its Wilson interval, p50 and p95 of the achievable
// RTO ("unbounded" when the file has null), the same for the RPO, and P(both met) with its interval.
void fill_assessment(StudyTable& table, const AssessmentReport& r);
// Per candidate in rank order: rank, name, its own settings, P(RTO met), the change in points with its
// interval (green when the interval is above 0, red below), the p95 time to restore and its change in
// seconds with its interval (green below 0, red above), runs gained and lost.
void fill_comparison(StudyTable& table, const ComparisonReport& r);
// Per candidate (rank order) and service (the scenario's order): the baseline's P(RTO met), the
// candidate's, the change in points with its interval (coloured as above) and the runs gained and lost
// for that service's RTO; the same for its RPO. Empty for a file without per-service changes.
void fill_comparison_services(StudyTable& table, const ComparisonReport& r);

// "a·b" for a candidate's settings: "/alert/for_s=60, /responder/ack/max_s=120".
QString format_settings(const std::vector<std::pair<std::string, std::string>>& settings);
// "+7.5" points from a difference of proportions (0.075), "−62.5"; "—" when absent.
QString format_points(std::optional<double> delta);

}  // namespace drillsim::gui

#include "promql/series_store.hpp"

#include <algorithm>

namespace drillsim::promql {

bool SeriesStore::append(const Labels& labels, Sample sample) {
  Series& s = series_[labels];
  if (s.labels.empty()) s.labels = labels;
  if (!s.samples.empty() && s.samples.back().t_ms >= sample.t_ms) return false;
  s.samples.push_back(sample);
  return true;
}

std::vector<const Series*> SeriesStore::select(const std::vector<LabelMatcher>& matchers) const {
  std::vector<const Series*> out;
  for (const auto& entry : series_) {
    const auto& labels = entry.first;  // a plain reference: clang 14 cannot capture a structured binding
    const bool all = std::all_of(matchers.begin(), matchers.end(), [&](const LabelMatcher& m) {
      return m.matches(label_value(labels, m.name));
    });
    if (all) out.push_back(&entry.second);
  }
  return out;
}

void SeriesStore::drop_before(std::int64_t t_ms) {
  for (auto it = series_.begin(); it != series_.end();) {
    auto& samples = it->second.samples;
    const auto keep =
        std::find_if(samples.begin(), samples.end(), [&](const Sample& s) { return s.t_ms >= t_ms; });
    samples.erase(samples.begin(), keep);
    it = samples.empty() ? series_.erase(it) : std::next(it);
  }
}

std::size_t SeriesStore::sample_count() const {
  std::size_t n = 0;
  for (const auto& [labels, series] : series_)
    n += series.samples.size();
  return n;
}

}  // namespace drillsim::promql

// Builds a matching index of 1,000,000 individuals and 100,000 vacancies and reports its size;
// run under /usr/bin/time -v for the resident memory (docs/matching.md, "Benchmarks").
#include <cstdio>
#include <cstdlib>

#include "homeward/matching/match_index.h"
#include "matching_synthetic.h"

int main(int argc, char** argv) {
  const int people = argc > 1 ? std::atoi(argv[1]) : 1000000;
  const int vacancies = argc > 2 ? std::atoi(argv[2]) : 100000;
  homeward::bench::MatchingWorld world(1);
  homeward::matching::MatchIndex index;
  for (int i = 0; i < people; ++i) index.UpsertIndividual(world.Person(i));
  for (int i = 0; i < vacancies; ++i) index.UpsertVacancy(world.Vacancy(i));
  std::printf("indexed %zu individuals and %zu vacancies\n", index.individual_count(),
              index.vacancy_count());
  return 0;
}

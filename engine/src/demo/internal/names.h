// Cambodian personal names in Khmer script with their usual romanisation, and the words the
// generator builds employer names from. Private to the demo component.
#pragma once

#include <string_view>

namespace homeward::demo::internal {

struct Name {
  std::string_view latin;
  std::string_view khmer;
};

// The tables below have the shape of kUnits and kPeriods in screening/text.cc (pairs of strings);
// the data has nothing in common.
inline constexpr Name kFamilyNames[] = {
    {"Sok", "សុខ"},    {"Chan", "ចាន់"}, {"Kim", "គីម"},   {"Meas", "មាស"},  {"Heng", "ហេង"},
    {"Ly", "លី"},      {"Keo", "កែវ"},  {"Chea", "ជា"},  {"Seng", "សេង"},  {"Touch", "ទូច"},
    {"Mao", "ម៉ៅ"},    {"Nhem", "ញឹម"},  {"Phan", "ផាន"}, {"Prak", "ប្រាក់"}, {"Yim", "យឹម"},
    {"Chhim", "ឈឹម"},  {"Ouk", "អ៊ុក"},   {"Tep", "ទេព"},  {"Nget", "ង៉ែត"},  {"Long", "ឡុង"},
    {"Pich", "ពេជ្រ"}, {"Sam", "សំ"},    {"Mean", "មាន"}, {"Om", "អ៊ុំ"},      {"Vann", "វ៉ាន់"},
    {"Khim", "ឃីម"},   {"Hem", "ហែម"},  {"Say", "សាយ"},  {"Pen", "ប៉ែន"},   {"Chhun", "ឈុន"},
    {"Srun", "ស្រ៊ុន"},  {"Lim", "លឹម"},
};

inline constexpr Name kFemaleGivenNames[] = {
    {"Sophea", "សុភា"},   {"Dara", "ដារា"},       {"Sreymom", "ស្រីមុំ"},     {"Channary", "ចន្ទនារី"},
    {"Bopha", "បុប្ផា"},   {"Kanha", "កញ្ញា"},      {"Sokha", "សុខា"},       {"Leakhena", "លក្ខិណា"},
    {"Maly", "ម៉ាលី"},     {"Sreyneang", "ស្រីនាង"}, {"Chenda", "ចិន្តា"},     {"Thida", "ធីតា"},
    {"Rachana", "រចនា"}, {"Sopheap", "សុភាព"},    {"Pisey", "ពិសី"},        {"Kunthea", "គន្ធា"},
    {"Sreypov", "ស្រីពៅ"}, {"Vanna", "វណ្ណា"},      {"Sokunthea", "សុគន្ធា"}, {"Sreyleak", "ស្រីល័ក្ខ"},
    {"Nary", "នារី"},     {"Chantrea", "ចន្ទ្រា"},  {"Malis", "ម្លិះ"},       {"Phalla", "ផល្លា"},
};

inline constexpr Name kMaleGivenNames[] = {
    {"Vichet", "វិចិត្រ"},
    {"Sokun", "សុគុណ"},
    {"Rithy", "រិទ្ធី"},
    {"Piseth", "ពិសិដ្ឋ"},
    {"Veasna", "វាសនា"},
    {"Bunthoeun", "ប៊ុនធឿន"},
    {"Sambath", "សម្បត្តិ"},
    {"Chanthou", "ចាន់ធូ"},
    {"Visal", "វិសាល"},
    {"Kosal", "កុសល"},
    {"Sovannarith", "សុវណ្ណារិទ្ធ"},
    {"Phearum", "ភារម្យ"},
    {"Sothea", "សុធា"},
    {"Ratanak", "រតនៈ"},
    {"Makara", "មករា"},
    {"Vuthy", "វុទ្ធី"},
    {"Samnang", "សំណាង"},
    {"Chamroeun", "ចំរើន"},
    {"Sopheak", "សុភ័ក្ដ្រ"},
    {"Rotha", "រដ្ឋា"},
    {"Kimhong", "គីមហុង"},
    {"Sarath", "សារ៉ាត់"},
};

// Words for employer names: places and images common in Cambodian business names.
inline constexpr Name kBusinessWords[] = {
    {"Mekong", "មេគង្គ"},
    {"Angkor", "អង្គរ"},
    {"Tonle", "ទន្លេ"},
    {"Bayon", "បាយ័ន"},
    {"Golden Lotus", "ឈូកមាស"},
    {"Sunrise", "ថ្ងៃរះ"},
    {"Royal", "រាជ"},
    {"Lucky", "សំណាង"},
    {"Kampuchea", "កម្ពុជា"},
    {"Phka Chan", "ផ្កាច័ន្ទ"},
    {"Sovann", "សុវណ្ណ"},
    {"Rumdul", "រំដួល"},
    {"Preah Vihear", "ព្រះវិហារ"},
    {"Neak Meas", "នាគមាស"},
    {"Srey Sros", "ស្រីស្រស់"},
    {"Chamroeun", "ចំរើន"},
    {"Mlob Doung", "ម្លប់ដូង"},
    {"Boeung", "បឹង"},
};

}  // namespace homeward::demo::internal

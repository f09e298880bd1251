#include "internal/library_file.h"

#include <elf.h>

#include <cstring>
#include <fstream>
#include <memory>

namespace homeward::plugin::internal {
namespace {

// Copies a T out of `bytes` at `offset`, or returns false when it does not fit. ELF structures
// are read by copy because the file's buffer carries no alignment guarantee.
template <typename T>
bool ReadAt(const std::string& bytes, uint64_t offset, T& out) {
  if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) return false;
  std::memcpy(&out, bytes.data() + offset, sizeof(T));
  return true;
}

}  // namespace

StatusOr<std::string> ReadLibrary(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Status::NotFound("cannot open library " + path.string());
  const std::streamoff size = in.tellg();
  if (size < 0) return Status::Unavailable("cannot read library " + path.string());
  std::string bytes(static_cast<size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), size))
    return Status::Unavailable("cannot read library " + path.string());
  return bytes;
}

StatusOr<std::vector<std::string>> DefinedDynamicSymbols(const std::string& bytes) {
  Elf64_Ehdr header;
  if (!ReadAt(bytes, 0, header) || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0) {
    return Status::InvalidArgument("not an ELF file");
  }
  if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_ident[EI_DATA] != ELFDATA2LSB) {
    return Status::InvalidArgument("not a 64-bit little-endian ELF file");
  }
  if (header.e_type != ET_DYN) return Status::InvalidArgument("not an ELF shared object");
  if (header.e_shentsize != sizeof(Elf64_Shdr)) {
    return Status::InvalidArgument("unexpected ELF section header size");
  }

  std::vector<std::string> names;
  for (uint64_t i = 0; i < header.e_shnum; ++i) {
    Elf64_Shdr section;
    if (!ReadAt(bytes, header.e_shoff + i * sizeof(Elf64_Shdr), section)) {
      return Status::InvalidArgument("truncated ELF section table");
    }
    if (section.sh_type != SHT_DYNSYM) continue;
    Elf64_Shdr strings;
    if (section.sh_link >= header.e_shnum ||
        !ReadAt(bytes, header.e_shoff + section.sh_link * sizeof(Elf64_Shdr), strings) ||
        strings.sh_offset > bytes.size() || bytes.size() - strings.sh_offset < strings.sh_size) {
      return Status::InvalidArgument("broken ELF dynamic string table");
    }
    const uint64_t count =
        section.sh_entsize == sizeof(Elf64_Sym) ? section.sh_size / sizeof(Elf64_Sym) : 0;
    for (uint64_t s = 1; s < count; ++s) {  // entry 0 is the reserved null symbol
      Elf64_Sym symbol;
      if (!ReadAt(bytes, section.sh_offset + s * sizeof(Elf64_Sym), symbol)) {
        return Status::InvalidArgument("truncated ELF dynamic symbol table");
      }
      const int binding = ELF64_ST_BIND(symbol.st_info);
      if (symbol.st_shndx == SHN_UNDEF || (binding != STB_GLOBAL && binding != STB_WEAK)) {
        continue;
      }
      if (symbol.st_name >= strings.sh_size) {
        return Status::InvalidArgument("broken ELF symbol name");
      }
      const char* name = bytes.data() + strings.sh_offset + symbol.st_name;
      names.emplace_back(name, strnlen(name, strings.sh_size - symbol.st_name));
    }
  }
  return names;
}

}  // namespace homeward::plugin::internal

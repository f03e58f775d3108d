//! The parts of a message that have children: administrative units, parcels, papers, charges and the
//! certificate.

use hoso_core::adapter::{
    AdapterError, AdapterErrorKind, IssuedDocument, ObligationLine, SubmittedDocument,
};
use hoso_core::{AdminGeneration, Vnd};
use hoso_xml::{Element, XmlResult};

use super::{Decoder, Reader};
use crate::wire::{AdminUnits, AreaM2, LandUseCode, Names, Parcel, attr, code_set, field};

impl<'a> Decoder<'a> {
    pub(super) fn admin_units(&mut self, el: &Element<'a>) -> XmlResult<AdminUnits> {
        let set_attr = self.m.attribute(el, attr::CODE_SET)?;
        let generation = match set_attr.as_deref() {
            Some(code_set::FROM_2025) => AdminGeneration::From2025,
            Some(code_set::PRE_2025) => AdminGeneration::Pre2025,
            Some(other) => {
                return Err(self.m.invalid(
                    el,
                    format!(
                        "attribute {} {other:?} is not {} or {}",
                        attr::CODE_SET,
                        code_set::FROM_2025,
                        code_set::PRE_2025
                    ),
                ));
            }
            None => {
                return Err(self.m.invalid(
                    el,
                    format!(
                        "element {} lacks attribute {}",
                        field::ADMIN_UNITS,
                        attr::CODE_SET
                    ),
                ));
            }
        };
        let (mut province, mut district, mut commune) = (None, None, None);
        if !el.is_self_closing() {
            while let Some(child) = self.m.next_child()? {
                match child.local_name() {
                    field::PROVINCE => {
                        let v = self.code(&child, 2)?;
                        self.m.set(&mut province, v, &child)?;
                    }
                    field::DISTRICT => {
                        let v = self.code(&child, 3)?;
                        self.m.set(&mut district, v, &child)?;
                    }
                    field::COMMUNE => {
                        let v = self.code(&child, 5)?;
                        self.m.set(&mut commune, v, &child)?;
                    }
                    _ => return Err(self.m.unknown(&child)),
                }
            }
        }
        self.units(el.offset(), generation, province, district, commune)
    }

    pub(super) fn units(
        &self,
        offset: usize,
        generation: AdminGeneration,
        province: Option<u32>,
        district: Option<u32>,
        commune: Option<u32>,
    ) -> XmlResult<AdminUnits> {
        let err = |message: String| {
            self.m
                .error_at_offset(offset, AdapterErrorKind::InvalidPayload, message)
        };
        let province = province.ok_or_else(|| err(format!("missing {}", field::PROVINCE)))?;
        let commune = commune.ok_or_else(|| err(format!("missing {}", field::COMMUNE)))?;
        AdminUnits::new(generation, province, district, commune)
            .map_err(|e| err(format!("administrative units ({generation}): {e}")))
    }

    pub(super) fn parcels(&mut self, list: &Element<'a>) -> XmlResult<Vec<Parcel>> {
        let names = self.names;
        let parcels = self
            .m
            .list(list, field::PARCEL, "parcels", |m, el| parcel(m, names, el))?;
        if parcels.is_empty() {
            return Err(self.m.invalid(
                list,
                format!("{} lists no {}", field::PARCELS, field::PARCEL),
            ));
        }
        Ok(parcels)
    }

    pub(super) fn documents(&mut self, list: &Element<'a>) -> XmlResult<Vec<SubmittedDocument>> {
        self.m.list(list, field::DOCUMENT, "documents", document)
    }

    pub(super) fn missing(&mut self, list: &Element<'a>) -> XmlResult<Vec<String>> {
        self.m
            .list(list, field::TITLE, "missing papers", |m, el| m.string(el))
    }

    pub(super) fn charges(&mut self, list: &Element<'a>) -> XmlResult<Vec<ObligationLine>> {
        let lines = self.m.list(list, field::CHARGE, "charges", charge)?;
        if lines.is_empty() {
            return Err(self.m.invalid(
                list,
                format!("{} lists no {}", field::CHARGES, field::CHARGE),
            ));
        }
        Ok(lines)
    }

    pub(super) fn certificate(&mut self, el: &Element<'a>) -> XmlResult<IssuedDocument> {
        let (mut title, mut number, mut serial, mut issued_on) = (None, None, None, None);
        if !el.is_self_closing() {
            while let Some(child) = self.m.next_child()? {
                let local = child.local_name();
                if local == field::TITLE {
                    let v = self.m.string(&child)?;
                    self.m.set(&mut title, v, &child)?;
                } else if local == field::CERTIFICATE_NUMBER {
                    let v = self.m.string(&child)?;
                    self.m.set(&mut number, v, &child)?;
                } else if Some(local) == self.names.certificate_serial {
                    let v = self.m.string(&child)?;
                    self.m.set(&mut serial, v, &child)?;
                } else if local == field::ISSUED_ON {
                    let v = self.m.date(&child)?;
                    self.m.set(&mut issued_on, v, &child)?;
                } else {
                    return Err(self.m.unknown(&child));
                }
            }
        }
        let missing = |what: &str| lacks(&self.m, el, what);
        Ok(IssuedDocument {
            title: title.ok_or_else(|| missing(field::TITLE))?,
            number: number.ok_or_else(|| missing(field::CERTIFICATE_NUMBER))?,
            serial,
            categories: Vec::new(),
            issued_on: issued_on.ok_or_else(|| missing(field::ISSUED_ON))?,
            valid_until: None,
        })
    }
}

/// The error for a required child `what` that the part `el` lacks.
fn lacks(m: &Reader<'_>, el: &Element<'_>, what: &str) -> Box<AdapterError> {
    m.invalid(el, format!("{} lacks {what}", el.local_name()))
}

fn parcel<'a>(m: &mut Reader<'a>, names: &Names, el: &Element<'a>) -> XmlResult<Parcel> {
    let (mut number, mut map_sheet, mut area, mut land_use, mut address) =
        (None, None, None, None, None);
    if !el.is_self_closing() {
        while let Some(child) = m.next_child()? {
            let local = child.local_name();
            if local == field::PARCEL_NUMBER {
                let v = m.string(&child)?;
                m.set(&mut number, v, &child)?;
            } else if local == field::MAP_SHEET {
                let v = m.string(&child)?;
                m.set(&mut map_sheet, v, &child)?;
            } else if local == field::AREA {
                let v: AreaM2 = m.parse(&child)?;
                m.set(&mut area, v, &child)?;
            } else if local == names.land_use {
                let v: LandUseCode = m.parse(&child)?;
                m.set(&mut land_use, v, &child)?;
            } else if local == names.parcel_address {
                let v = m.string(&child)?;
                m.set(&mut address, v, &child)?;
            } else {
                return Err(m.unknown(&child));
            }
        }
    }
    let missing = |what: &str| lacks(m, el, what);
    Ok(Parcel {
        number: number.ok_or_else(|| missing(field::PARCEL_NUMBER))?,
        map_sheet: map_sheet.ok_or_else(|| missing(field::MAP_SHEET))?,
        area: area.ok_or_else(|| missing(field::AREA))?,
        land_use: land_use.ok_or_else(|| missing(names.land_use))?,
        address,
    })
}

fn document<'a>(m: &mut Reader<'a>, el: &Element<'a>) -> XmlResult<SubmittedDocument> {
    let (mut name, mut originals, mut copies, mut pages) = (None, None, None, None);
    if !el.is_self_closing() {
        while let Some(child) = m.next_child()? {
            match child.local_name() {
                field::TITLE => {
                    let v = m.string(&child)?;
                    m.set(&mut name, v, &child)?;
                }
                field::ORIGINALS => {
                    let v = m.whole(&child)?;
                    m.set(&mut originals, v, &child)?;
                }
                field::COPIES => {
                    let v = m.whole(&child)?;
                    m.set(&mut copies, v, &child)?;
                }
                field::PAGES => {
                    let v = m.whole(&child)?;
                    m.set(&mut pages, v, &child)?;
                }
                _ => return Err(m.unknown(&child)),
            }
        }
    }
    let missing = |what: &str| lacks(m, el, what);
    Ok(SubmittedDocument {
        name: name.ok_or_else(|| missing(field::TITLE))?,
        originals: originals.ok_or_else(|| missing(field::ORIGINALS))?,
        copies: copies.ok_or_else(|| missing(field::COPIES))?,
        pages,
    })
}

fn charge<'a>(m: &mut Reader<'a>, el: &Element<'a>) -> XmlResult<ObligationLine> {
    let (mut code, mut name, mut amount) = (None, None, None);
    if !el.is_self_closing() {
        while let Some(child) = m.next_child()? {
            match child.local_name() {
                field::CHARGE_CODE => {
                    let v = m.string(&child)?;
                    m.set(&mut code, v, &child)?;
                }
                field::CHARGE_NAME => {
                    let v = m.string(&child)?;
                    m.set(&mut name, v, &child)?;
                }
                field::AMOUNT => {
                    let v = m.whole(&child)?;
                    m.set(&mut amount, Vnd(v), &child)?;
                }
                _ => return Err(m.unknown(&child)),
            }
        }
    }
    let missing = |what: &str| lacks(m, el, what);
    Ok(ObligationLine {
        code,
        name: name.ok_or_else(|| missing(field::CHARGE_NAME))?,
        amount: amount.ok_or_else(|| missing(field::AMOUNT))?,
    })
}

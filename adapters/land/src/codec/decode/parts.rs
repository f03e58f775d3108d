//! The parts of a message that have children: administrative units, the applicant, parcels, papers, charges
//! and the certificate.

use hoso_core::AdminGeneration;
use hoso_core::adapter::{
    AdapterErrorKind, IssuedDocument, ObligationLine, SubmissionApplicant, SubmittedDocument,
};

use super::{Decoder, set};
use crate::wire::{AdminUnits, AreaM2, LandUseCode, Parcel, attr, code_set, field};
use hoso_xml::{Element, XmlResult};

impl<'a> Decoder<'a> {
    pub(super) fn admin_units(&mut self, el: &Element<'a>) -> XmlResult<AdminUnits> {
        let set_attr = self.r.attribute(el, attr::CODE_SET)?;
        let generation = match set_attr.as_deref() {
            Some(code_set::FROM_2025) => AdminGeneration::From2025,
            Some(code_set::PRE_2025) => AdminGeneration::Pre2025,
            Some(other) => {
                return Err(self.invalid(
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
                return Err(self.invalid(
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
            while let Some(child) = self.r.next_child()? {
                match child.local_name() {
                    field::PROVINCE => {
                        let v = self.code(&child, 2)?;
                        set(&self.r, &mut province, v, &child)?;
                    }
                    field::DISTRICT => {
                        let v = self.code(&child, 3)?;
                        set(&self.r, &mut district, v, &child)?;
                    }
                    field::COMMUNE => {
                        let v = self.code(&child, 5)?;
                        set(&self.r, &mut commune, v, &child)?;
                    }
                    _ => return Err(self.unknown(&child)),
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
            self.r
                .error_at_offset(offset, AdapterErrorKind::InvalidPayload, message)
        };
        let province = province.ok_or_else(|| err(format!("missing {}", field::PROVINCE)))?;
        let commune = commune.ok_or_else(|| err(format!("missing {}", field::COMMUNE)))?;
        AdminUnits::new(generation, province, district, commune)
            .map_err(|e| err(format!("administrative units ({generation}): {e}")))
    }

    pub(super) fn applicant(&mut self, el: &Element<'a>) -> XmlResult<SubmissionApplicant> {
        let (mut name, mut citizen_id, mut phone, mut address, mut email) =
            (None, None, None, None, None);
        if !el.is_self_closing() {
            while let Some(child) = self.r.next_child()? {
                let local = child.local_name();
                if local == field::NAME {
                    let v = self.string(&child)?;
                    set(&self.r, &mut name, v, &child)?;
                } else if local == field::CITIZEN_ID {
                    let v = self.parse(&child, true)?;
                    set(&self.r, &mut citizen_id, v, &child)?;
                } else if local == field::PHONE {
                    let v = self.parse(&child, true)?;
                    set(&self.r, &mut phone, v, &child)?;
                } else if local == field::ADDRESS {
                    let v = self.string(&child)?;
                    set(&self.r, &mut address, v, &child)?;
                } else if Some(local) == self.names.email {
                    let v = self.string(&child)?;
                    set(&self.r, &mut email, v, &child)?;
                } else {
                    return Err(self.unknown(&child));
                }
            }
        }
        let name = name.ok_or_else(|| {
            self.invalid(
                el,
                format!("element {} lacks {}", field::APPLICANT, field::NAME),
            )
        })?;
        Ok(SubmissionApplicant {
            name,
            citizen_id,
            phone,
            address,
            email,
        })
    }

    pub(super) fn parcels(&mut self, list: &Element<'a>) -> XmlResult<Vec<Parcel>> {
        let mut parcels = Vec::new();
        if !list.is_self_closing() {
            while let Some(el) = self.r.next_child()? {
                if el.local_name() != field::PARCEL {
                    return Err(self.unknown(&el));
                }
                self.list_limit(parcels.len(), &el, "parcels")?;
                parcels.push(self.parcel(&el)?);
            }
        }
        if parcels.is_empty() {
            return Err(self.invalid(
                list,
                format!("{} lists no {}", field::PARCELS, field::PARCEL),
            ));
        }
        Ok(parcels)
    }

    pub(super) fn parcel(&mut self, el: &Element<'a>) -> XmlResult<Parcel> {
        let (mut number, mut map_sheet, mut area, mut land_use, mut address) =
            (None, None, None, None, None);
        if !el.is_self_closing() {
            while let Some(child) = self.r.next_child()? {
                let local = child.local_name();
                if local == field::PARCEL_NUMBER {
                    let v = self.string(&child)?;
                    set(&self.r, &mut number, v, &child)?;
                } else if local == field::MAP_SHEET {
                    let v = self.string(&child)?;
                    set(&self.r, &mut map_sheet, v, &child)?;
                } else if local == field::AREA {
                    let v: AreaM2 = self.parse(&child, false)?;
                    set(&self.r, &mut area, v, &child)?;
                } else if local == self.names.land_use {
                    let v: LandUseCode = self.parse(&child, false)?;
                    set(&self.r, &mut land_use, v, &child)?;
                } else if local == self.names.parcel_address {
                    let v = self.string(&child)?;
                    set(&self.r, &mut address, v, &child)?;
                } else {
                    return Err(self.unknown(&child));
                }
            }
        }
        let missing = |what: &str| self.invalid(el, format!("{} lacks {what}", field::PARCEL));
        Ok(Parcel {
            number: number.ok_or_else(|| missing(field::PARCEL_NUMBER))?,
            map_sheet: map_sheet.ok_or_else(|| missing(field::MAP_SHEET))?,
            area: area.ok_or_else(|| missing(field::AREA))?,
            land_use: land_use.ok_or_else(|| missing(self.names.land_use))?,
            address,
        })
    }

    pub(super) fn documents(&mut self, list: &Element<'a>) -> XmlResult<Vec<SubmittedDocument>> {
        let mut documents = Vec::new();
        if list.is_self_closing() {
            return Ok(documents);
        }
        while let Some(el) = self.r.next_child()? {
            if el.local_name() != field::DOCUMENT {
                return Err(self.unknown(&el));
            }
            self.list_limit(documents.len(), &el, "documents")?;
            let (mut name, mut originals, mut copies, mut pages) = (None, None, None, None);
            if !el.is_self_closing() {
                while let Some(child) = self.r.next_child()? {
                    match child.local_name() {
                        field::TITLE => {
                            let v = self.string(&child)?;
                            set(&self.r, &mut name, v, &child)?;
                        }
                        field::ORIGINALS => {
                            let v = self.whole(&child)?;
                            set(&self.r, &mut originals, v, &child)?;
                        }
                        field::COPIES => {
                            let v = self.whole(&child)?;
                            set(&self.r, &mut copies, v, &child)?;
                        }
                        field::PAGES => {
                            let v = self.whole(&child)?;
                            set(&self.r, &mut pages, v, &child)?;
                        }
                        _ => return Err(self.unknown(&child)),
                    }
                }
            }
            let missing =
                |what: &str| self.invalid(&el, format!("{} lacks {what}", field::DOCUMENT));
            documents.push(SubmittedDocument {
                name: name.ok_or_else(|| missing(field::TITLE))?,
                originals: originals.ok_or_else(|| missing(field::ORIGINALS))?,
                copies: copies.ok_or_else(|| missing(field::COPIES))?,
                pages,
            });
        }
        Ok(documents)
    }

    pub(super) fn missing(&mut self, list: &Element<'a>) -> XmlResult<Vec<String>> {
        let mut missing = Vec::new();
        if list.is_self_closing() {
            return Ok(missing);
        }
        while let Some(el) = self.r.next_child()? {
            if el.local_name() != field::TITLE {
                return Err(self.unknown(&el));
            }
            self.list_limit(missing.len(), &el, "missing papers")?;
            missing.push(self.string(&el)?);
        }
        Ok(missing)
    }

    pub(super) fn charges(&mut self, list: &Element<'a>) -> XmlResult<Vec<ObligationLine>> {
        let mut lines = Vec::new();
        if !list.is_self_closing() {
            while let Some(el) = self.r.next_child()? {
                if el.local_name() != field::CHARGE {
                    return Err(self.unknown(&el));
                }
                self.list_limit(lines.len(), &el, "charges")?;
                let (mut code, mut name, mut amount) = (None, None, None);
                if !el.is_self_closing() {
                    while let Some(child) = self.r.next_child()? {
                        match child.local_name() {
                            field::CHARGE_CODE => {
                                let v = self.string(&child)?;
                                set(&self.r, &mut code, v, &child)?;
                            }
                            field::CHARGE_NAME => {
                                let v = self.string(&child)?;
                                set(&self.r, &mut name, v, &child)?;
                            }
                            field::AMOUNT => {
                                let v = self.money(&child)?;
                                set(&self.r, &mut amount, v, &child)?;
                            }
                            _ => return Err(self.unknown(&child)),
                        }
                    }
                }
                let missing =
                    |what: &str| self.invalid(&el, format!("{} lacks {what}", field::CHARGE));
                lines.push(ObligationLine {
                    code,
                    name: name.ok_or_else(|| missing(field::CHARGE_NAME))?,
                    amount: amount.ok_or_else(|| missing(field::AMOUNT))?,
                });
            }
        }
        if lines.is_empty() {
            return Err(self.invalid(
                list,
                format!("{} lists no {}", field::CHARGES, field::CHARGE),
            ));
        }
        Ok(lines)
    }

    pub(super) fn certificate(&mut self, el: &Element<'a>) -> XmlResult<IssuedDocument> {
        let (mut title, mut number, mut serial, mut issued_on) = (None, None, None, None);
        if !el.is_self_closing() {
            while let Some(child) = self.r.next_child()? {
                let local = child.local_name();
                if local == field::TITLE {
                    let v = self.string(&child)?;
                    set(&self.r, &mut title, v, &child)?;
                } else if local == field::CERTIFICATE_NUMBER {
                    let v = self.string(&child)?;
                    set(&self.r, &mut number, v, &child)?;
                } else if Some(local) == self.names.certificate_serial {
                    let v = self.string(&child)?;
                    set(&self.r, &mut serial, v, &child)?;
                } else if local == field::ISSUED_ON {
                    let v = self.date(&child)?;
                    set(&self.r, &mut issued_on, v, &child)?;
                } else {
                    return Err(self.unknown(&child));
                }
            }
        }
        let missing = |what: &str| self.invalid(el, format!("{} lacks {what}", field::CERTIFICATE));
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
